import { readFileSync } from "node:fs";
import path from "node:path";
import { createEventKeyEngine, mixpanelInsertId, type EventKeyInput } from "@full-sync/shared";

interface GoldenVector {
  name: string;
  input: EventKeyInput;
  expected: { key: string; fingerprint: string; mixpanelInsertId: string; fallbackUsed: boolean };
}

const golden = JSON.parse(readFileSync(path.join(__dirname, "golden-vectors.json"), "utf8")) as { format: string; vectors: GoldenVector[] };

describe("event key golden vectors", () => {
  const engine = createEventKeyEngine();

  it("when the file is read, then it pins the v1 format with about thirty vectors", () => {
    expect(golden.format).toBe("v1");
    expect(golden.vectors.length).toBeGreaterThanOrEqual(30);
  });

  it.each(golden.vectors.map((v) => [v.name, v] as const))("when the input is %s, then key, fingerprint and insert id are the pinned ones", (_name, vector) => {
    const result = engine.generate(vector.input);
    expect(result).toMatchObject({ ok: true, ...vector.expected });
    expect(mixpanelInsertId(vector.expected.key)).toBe(vector.expected.mixpanelInsertId);
  });

  it("when keys are pinned, then every one has the readable form, bounded length and a valid Mixpanel insert id", () => {
    for (const { expected } of golden.vectors) {
      expect(expected.key).toMatch(/^(lemlist|smartlead)_[A-Za-z0-9]{1,32}_[a-z0-9]{1,32}_[A-Za-z0-9]{1,48}_[0-9a-f]{8}$/);
      expect(expected.key.endsWith(expected.fingerprint.slice(0, 8))).toBe(true);
      expect(expected.mixpanelInsertId).toMatch(/^[A-Za-z0-9-]{1,36}$/);
    }
  });
});
