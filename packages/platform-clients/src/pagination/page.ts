/** One page of a streamed listing. Persist `nextOffset` as the checkpoint; resume by passing it as `offset`. */
export interface Page<T> {
  /** Items of this page, without those already yielded earlier in the same listing. */
  items: T[];
  /** The offset this page was fetched at. */
  offset: number;
  /** The offset of the following page. */
  nextOffset: number;
  /** The platform's total where it gives one (Smartlead sends it as a string). */
  total?: number;
  /** True on the last page: nothing follows. */
  done: boolean;
}

export interface PageOptions {
  /** Starting offset, e.g. a checkpoint's nextOffset (default 0). */
  offset?: number;
  /** Page size. */
  limit?: number;
}
