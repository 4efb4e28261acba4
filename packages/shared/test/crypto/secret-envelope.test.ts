import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { decryptSecret, encryptSecret, parseCredentialsKey, resolveCredentialsKey, SecretEnvelopeError } from "@full-sync/shared";

describe("credentials encryption (AES-256-GCM, versioned envelope)", () => {
  const key = randomBytes(32);

  it("when any text is encrypted, then it decrypts to the same text and the envelope never contains it", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (plaintext) => {
        const envelope = encryptSecret({ key, plaintext });
        expect(envelope).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
        expect(decryptSecret({ key, envelope })).toBe(plaintext);
      }),
      { numRuns: 200 },
    );
  });

  it("when the same text is encrypted twice, then the envelopes differ (random IV)", () => {
    expect(encryptSecret({ key, plaintext: "same" })).not.toBe(encryptSecret({ key, plaintext: "same" }));
  });

  it("when the ciphertext is tampered with or another key is used, then decryption refuses", () => {
    const envelope = encryptSecret({ key, plaintext: '{"smartlead":{"apiKey":"x"}}' });
    const parts = envelope.split(".");
    const flipped = Buffer.from(parts[4] ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), flipped.toString("base64url")].join(".");
    expect(() => decryptSecret({ key, envelope: tampered })).toThrow(SecretEnvelopeError);
    expect(() => decryptSecret({ key: randomBytes(32), envelope })).toThrow(/another key/);
    expect(() => decryptSecret({ key, envelope: `v9.${parts.slice(1).join(".")}` })).toThrow(/Unsupported/);
  });

  it("when the key comes from configuration, then base64 and hex forms are the same 32 bytes", () => {
    expect(parseCredentialsKey(key.toString("base64"))).toEqual(key);
    expect(parseCredentialsKey(key.toString("hex"))).toEqual(key);
    expect(() => parseCredentialsKey("c2hvcnQ=")).toThrow(/32 bytes/);
    expect(resolveCredentialsKey({ config: { nodeEnv: "production", credentialsEncryptionKey: key.toString("hex") } })).toEqual(key);
    expect(() => resolveCredentialsKey({ config: { nodeEnv: "production", credentialsEncryptionKey: undefined } })).toThrow(/required/);
  });

  it("when development has no configured key, then one is generated into the key file (mode 600) and reused", () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "fullsync-key-"));
    try {
      const keyFile = path.join(folder, "credentials.key");
      const config = { nodeEnv: "development" as const, credentialsEncryptionKey: undefined };
      const first = resolveCredentialsKey({ config, keyFile });
      expect(first).toHaveLength(32);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(parseCredentialsKey(readFileSync(keyFile, "utf8"))).toEqual(first);
      expect(resolveCredentialsKey({ config, keyFile })).toEqual(first);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("when tests have no configured key, then one random key serves the whole process", () => {
    const config = { nodeEnv: "test" as const, credentialsEncryptionKey: undefined };
    expect(resolveCredentialsKey({ config })).toBe(resolveCredentialsKey({ config }));
  });
});
