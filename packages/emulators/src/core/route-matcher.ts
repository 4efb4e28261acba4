/** Maps a request to its route pattern ("GET /campaigns/:id/statistics") for per-route counters. */
export function createRouteMatcher(options: { patterns: string[] }) {
  const compiled = options.patterns.map((pattern) => {
    const [method, path = ""] = pattern.split(" ");
    const source = path.replace(/:[A-Za-z_]+/g, "[^/]+");
    return { method, pattern, regex: new RegExp(`^${source}/?$`) };
  });
  return (method: string, path: string): string => {
    const hit = compiled.find((route) => route.method === method && route.regex.test(path));
    return hit ? hit.pattern : `${method} (unknown route)`;
  };
}
