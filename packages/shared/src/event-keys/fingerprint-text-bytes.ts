import { canonicalIsoCodesMs } from "./parse-event-timestamp";

/**
 * The fingerprint text written straight into bytes, for inputs that are already clean printable ASCII.
 * Hashing a string built by concatenation makes V8 flatten it and Node copy it again as UTF-8, which costs
 * about as much as the sha256 itself; one reused buffer, filled while the fields are checked, avoids both.
 * Every writer returns false when the value needs the general path (the caller then uses fingerprintText),
 * so the bytes are always exactly the UTF-8 of fingerprintText's text.
 */
export class FingerprintTextBytes {
  /** Longest text written here; longer inputs take the general path. */
  static readonly CAPACITY = 2048;
  private readonly bytes = new Uint8Array(FingerprintTextBytes.CAPACITY);
  private readonly views: (Uint8Array | undefined)[] = [];
  length = 0;
  /**
   * Where the last free text written has its one character that is not an ASCII letter or digit: -1 when it
   * has none (then it is its own key segment), -2 when it has more than one.
   */
  otherAt = -1;

  reset(): void {
    this.length = 0;
  }

  /** The bytes written so far, as a view reused for every text of that length. */
  view(): Uint8Array {
    const n = this.length;
    let view = this.views[n];
    if (view === undefined) {
      view = this.bytes.subarray(0, n);
      this.views[n] = view;
    }
    return view;
  }

  /** A line break or other separator byte. */
  byte(code: number): void {
    this.bytes[this.length++] = code;
  }

  /** Text known to be printable ASCII (canonical platforms, event types, ISO timestamps). */
  ascii(value: string): boolean {
    const n = value.length;
    let at = this.length;
    if (at + n > FingerprintTextBytes.CAPACITY) return false;
    const bytes = this.bytes;
    for (let i = 0; i < n; i++) bytes[at++] = value.charCodeAt(i);
    this.length = at;
    return true;
  }

  /**
   * A timestamp in the canonical ISO form: written, and its epoch milliseconds returned. NaN (and nothing
   * written) for any other text.
   */
  canonicalTimestamp(value: string): number {
    const at = this.length;
    if (value.length !== 24 || at + 24 > FingerprintTextBytes.CAPACITY) return NaN;
    const bytes = this.bytes;
    for (let i = 0; i < 24; i++) {
      const c = value.charCodeAt(i);
      if (c > 127) return NaN;
      bytes[at + i] = c;
    }
    const ms = canonicalIsoCodesMs(bytes, at);
    if (ms === ms) this.length = at + 24;
    return ms;
  }

  /**
   * A free-text field written as is: non-empty printable ASCII with no space at either end (trim would change
   * it) and not starting with `"` (it would be JSON-quoted). Sets otherAt.
   */
  freeText(value: string): boolean {
    const n = value.length;
    let at = this.length;
    if (n === 0 || at + n > FingerprintTextBytes.CAPACITY) return false;
    const first = value.charCodeAt(0);
    if (first === 34 || first === 32 || value.charCodeAt(n - 1) === 32) return false;
    const bytes = this.bytes;
    let otherAt = -1;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 97 || c > 122) {
        if (c < 32 || c > 126) return false;
        if (c > 57 ? c < 65 || c > 90 : c < 48) otherAt = otherAt === -1 ? i : -2;
      }
      bytes[at++] = c;
    }
    this.length = at;
    this.otherAt = otherAt;
    return true;
  }

  /**
   * An email address, lower-cased as it is written. Returns the canonical address (what normalizeEmail gives
   * for it), or undefined when it is not printable ASCII without spaces or not shaped `x@y.z`.
   */
  email(value: string): string | undefined {
    const n = value.length;
    let at = this.length;
    if (at + n > FingerprintTextBytes.CAPACITY) return undefined;
    const bytes = this.bytes;
    const last = n - 1;
    let atSign = -1;
    let dotInDomain = false;
    let upper = false;
    for (let i = 0; i < n; i++) {
      let c = value.charCodeAt(i);
      // Most characters are lower-case letters: test for them first.
      if (c < 97 || c > 122) {
        if (c >= 65 && c <= 90) {
          c += 32;
          upper = true;
        } else if (c === 64) {
          if (atSign >= 0) return undefined;
          atSign = i;
        } else if (c === 46) {
          if (atSign >= 0 && i > atSign + 1 && i < last) dotInDomain = true;
        } else if (c <= 32 || c > 126) return undefined;
      }
      bytes[at++] = c;
    }
    if (atSign <= 0 || !dotInDomain) return undefined;
    this.length = at;
    return upper ? value.toLowerCase() : value;
  }
}
