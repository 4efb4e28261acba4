import { canonicalIsoCodesMs } from "./parse-event-timestamp";

/**
 * The fingerprint texts of a page of clean inputs, written as bytes back to back into one growing buffer, so
 * that they can be hashed afterwards in one tight loop (see createEventKeyEngine for why).
 * Hashing a string built by concatenation makes V8 flatten it and Node copy it again, which costs about a
 * third of the sha256 itself; bytes written while the fields are checked avoid both.
 * Every writer returns false when the value needs the general path (the caller then uses fingerprintText),
 * so the bytes of a text are always exactly the UTF-8 of fingerprintText's text.
 */
export class KeyTextPage {
  /** Longest text written here; longer inputs take the general path. */
  static readonly TEXT_CAPACITY = 2048;
  private bytes = new Uint8Array(64 * KeyTextPage.TEXT_CAPACITY);
  // Views of the buffer's first bytes by length: a single generate hashes one without allocating it.
  private views: (Uint8Array | undefined)[] = [];
  length = 0;
  /** Where the text being written may end: its start plus TEXT_CAPACITY. */
  private limit = 0;
  /**
   * Where the last free text written has its one character that is not an ASCII letter or digit: -1 when it
   * has none (then it is its own key segment), -2 when it has more than one.
   */
  otherAt = -1;

  // Where each text lies and which input of the caller's batch it belongs to: numbers only, since storing new
  // objects into these long-lived arrays would cost a write barrier each.
  /** How many texts the page holds. */
  pending = 0;
  readonly slots: number[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** Empties the page. */
  reset(): void {
    this.length = 0;
    this.pending = 0;
  }

  /** Drops the text begun at start; returns undefined for the writer to return. */
  abandon(start: number): undefined {
    this.length = start;
    return undefined;
  }

  /** Bytes prepared earlier (a namespace's head, an event type's line): one native copy. */
  copy(source: Uint8Array): boolean {
    const at = this.length;
    if (at + source.length > this.limit) return false;
    this.bytes.set(source, at);
    this.length = at + source.length;
    return true;
  }

  /** Records the text from start to the end of the page, for the input at slot of the caller's batch. */
  addPending(slot: number, start: number): void {
    const k = this.pending++;
    this.slots[k] = slot;
    this.starts[k] = start;
    this.ends[k] = this.length;
  }

  /** Starts a text at the end of the page and returns where it starts. */
  begin(): number {
    const start = this.length;
    if (start + KeyTextPage.TEXT_CAPACITY > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, start + KeyTextPage.TEXT_CAPACITY));
      grown.set(this.bytes.subarray(0, start));
      this.bytes = grown;
      this.views = [];
    }
    this.limit = start + KeyTextPage.TEXT_CAPACITY;
    return start;
  }

  /** The bytes from start to end, as a view (reused when the text starts the page). */
  view(start: number, end: number): Uint8Array {
    if (start !== 0) return this.bytes.subarray(start, end);
    let view = this.views[end];
    if (view === undefined) {
      view = this.bytes.subarray(0, end);
      this.views[end] = view;
    }
    return view;
  }

  /** A line break or other separator byte. */
  byte(code: number): void {
    this.bytes[this.length++] = code;
  }

  /** Text known to be printable ASCII (a parsed timestamp's canonical ISO form). */
  ascii(value: string): boolean {
    const n = value.length;
    let at = this.length;
    if (at + n > this.limit) return false;
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
    if (value.length !== 24 || at + 24 > this.limit) return NaN;
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
    if (n === 0 || at + n > this.limit) return false;
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
    if (at + n > this.limit) return undefined;
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
