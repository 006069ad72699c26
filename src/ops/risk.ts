import * as z from "zod";
import { ModelError, showValue } from "../domain/errors.js";
import { EntityId, optionalText, text } from "../domain/fields.js";
import { LIMITS } from "../domain/limits.js";
import { isCalendarDate } from "../domain/risk.js";
import { opt } from "./input.js";
import { mutation } from "./operation.js";

const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    error: (issue) => `${showValue(issue.input)} is not a date (YYYY-MM-DD)`,
  })
  .refine(isCalendarDate, "is not a real calendar date");

/** Records that the business accepts a threat's risk (phase 7 and 8 count it as a decision). */
export const acceptThreatRisk = mutation(
  z.strictObject({
    threat_id: EntityId,
    reason: text(LIMITS.content).describe("Why the risk is acceptable"),
    owner: opt(optionalText(LIMITS.name).describe("Who accepts it")),
    expires_on: opt(CalendarDate.describe("When to revisit the decision (YYYY-MM-DD)")),
  }),
  (draft, input) => {
    const threat = draft.require("threat", input.threat_id, "threat_id");
    if (threat.status !== "threatIdentified") {
      throw new ModelError(
        "conflict",
        `threat_id: threat ${threat.numericId} is ${threat.status}; only an open threat (threatIdentified) can have its risk accepted`,
        { field: "threat_id", value: input.threat_id },
      );
    }
    const acceptance = {
      reason: input.reason,
      ...(input.owner ? { owner: input.owner } : {}),
      ...(input.expires_on ? { expires_on: input.expires_on } : {}),
    };
    return draft.put("threat", { ...threat, acceptance });
  },
);
