import Joi from "joi";
import { isAppError } from "@full-sync/shared";
import { memoisedParamsValidator } from "../src/openapi/memoised-params-validator";

describe("path parameters validated once per distinct value", () => {
  let validations: number;
  const schema = Joi.object({
    jobId: Joi.string()
      .pattern(/^job_[a-z0-9]{8,40}$/)
      .custom((value: string) => {
        validations++;
        return value;
      })
      .required(),
    page: Joi.number().integer().min(1),
  });

  beforeEach(() => {
    validations = 0;
  });

  it("when the same parameters come again, then joi's result is reused, converted and frozen", () => {
    const validate = memoisedParamsValidator<{ jobId: string; page: number }>(schema, "SYNC_002");
    const first = validate({ jobId: "job_abcdefgh1", page: "2" });
    const second = validate({ jobId: "job_abcdefgh1", page: "2" });
    expect(second).toBe(first);
    expect(first).toEqual({ jobId: "job_abcdefgh1", page: 2 });
    expect(Object.isFrozen(first)).toBe(true);
    expect(validations).toBe(1);
    validate({ jobId: "job_abcdefgh2", page: "2" });
    expect(validations).toBe(2);
  });

  it("when parameters are invalid, then every request is refused with the route's code and all its problems", () => {
    const validate = memoisedParamsValidator(schema, "SYNC_002");
    for (let i = 0; i < 2; i++) {
      let refused: unknown;
      try {
        validate({ jobId: "nope", page: "0" });
      } catch (error) {
        refused = error;
      }
      expect(isAppError(refused) && refused.code).toBe("SYNC_002");
      expect(isAppError(refused) && refused.details?.map((d) => d.path)).toEqual(["jobId", "page"]);
    }
  });

  it("when more distinct parameters come than it remembers, then the least recently used are validated again", () => {
    const validate = memoisedParamsValidator(schema, "SYNC_002", 2);
    validate({ jobId: "job_aaaaaaaa1" });
    validate({ jobId: "job_aaaaaaaa2" });
    validate({ jobId: "job_aaaaaaaa1" }); // refreshed: 2 is now the oldest
    validate({ jobId: "job_aaaaaaaa3" }); // evicts 2
    expect(validations).toBe(3);
    validate({ jobId: "job_aaaaaaaa1" });
    expect(validations).toBe(3);
    validate({ jobId: "job_aaaaaaaa2" });
    expect(validations).toBe(4);
  });
});
