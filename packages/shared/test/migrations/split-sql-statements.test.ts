import { splitSqlStatements } from "@full-sync/shared";

describe("splitSqlStatements", () => {
  it("when a script has several statements, then each is returned without its semicolon and comments-only parts are dropped", () => {
    expect(splitSqlStatements("-- header\nCREATE INDEX CONCURRENTLY a ON t (x);\n\nDROP INDEX CONCURRENTLY b;\n-- trailing\n")).toEqual([
      "-- header\nCREATE INDEX CONCURRENTLY a ON t (x)",
      "DROP INDEX CONCURRENTLY b",
    ]);
  });

  it("when semicolons sit in quotes, identifiers, comments or dollar-quoted bodies, then they do not split", () => {
    const sql = `INSERT INTO t VALUES ('a;b', 'it''s;'); CREATE TABLE "x;y" (id int); /* c; d */ SELECT 1;
DO $body$ BEGIN PERFORM 1; END $body$; SELECT $$;$$`;
    expect(splitSqlStatements(sql)).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s;')",
      `CREATE TABLE "x;y" (id int)`,
      "/* c; d */ SELECT 1",
      "DO $body$ BEGIN PERFORM 1; END $body$",
      "SELECT $$;$$",
    ]);
  });
});
