/**
 * Splits a SQL script into its statements at top-level semicolons, leaving semicolons inside quotes,
 * dollar-quoted bodies and comments alone. Needed for migrations that cannot run in a transaction: PostgreSQL
 * runs a multi-statement string as one implicit transaction, where `CREATE INDEX CONCURRENTLY` is refused.
 */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (stripComments(text).trim() !== "") statements.push(text);
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const eol = sql.indexOf("\n", i);
      i = eol === -1 ? sql.length : eol + 1;
    } else if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === "'" || c === '"') {
      i = skipQuoted(sql, i, c);
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        i = end === -1 ? sql.length : end + tag.length;
      } else i += 1;
    } else if (c === ";") {
      push(i);
      i += 1;
      start = i;
    } else i += 1;
  }
  push(sql.length);
  return statements;
}

// A doubled quote inside a quoted text is an escaped quote, not its end.
function skipQuoted(sql: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
}
