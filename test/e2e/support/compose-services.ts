import { readFileSync } from "node:fs";
import path from "node:path";

export interface ComposeService {
  name: string;
  command: string[];
  /** The service's own environment entries (scalars written on one line), not the shared anchor's. */
  environment: Record<string, string>;
}

/** The services of docker-compose.yml that run a command (the apps), read line by line: no YAML parser is a dependency here. */
export function composeServices(root: string): ComposeService[] {
  const text = readFileSync(path.join(root, "docker-compose.yml"), "utf8");
  const services = text.slice(text.indexOf("\nservices:\n")).split(/\n {2}(?=[\w-]+:\n)/).slice(1);
  return services.flatMap((block) => {
    const name = block.slice(0, block.indexOf(":"));
    const command = /\n {4}command: (\[.*\])/.exec(block)?.[1];
    if (!command) return [];
    const environment = Object.fromEntries([...block.matchAll(/\n {6}([A-Z_]+): (.+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"(.*)"$/, "$1")]));
    return [{ name, command: JSON.parse(command) as string[], environment }];
  });
}
