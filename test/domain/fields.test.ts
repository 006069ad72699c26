import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENUMS, ENUM_NAMES, enumOf } from "../../src/domain/enums.js";
import { Tag, text } from "../../src/domain/fields.js";
import { parseOrThrow } from "../../src/domain/validate.js";
import { ModelError } from "../../src/domain/errors.js";

describe("enum fields", () => {
  it("accept every canonical value in any case and return it canonically", () => {
    for (const name of ENUM_NAMES) {
      const field = enumOf(name);
      for (const value of ENUMS[name]) {
        expect(field.parse(value)).toBe(value);
        expect(field.parse(value.toUpperCase())).toBe(value);
        expect(field.parse(`  ${value.toLowerCase()}  `)).toBe(value);
      }
    }
  });

  it("accept constant-style names and short labels", () => {
    expect(enumOf("AuthorizationMethod").parse("POLICY_BASED")).toBe("Policy-based");
    expect(enumOf("UserBaseSize").parse("small")).toBe("Small (<1,000)");
    expect(enumOf("ThreatStatus").parse("resolved")).toBe("threatResolved");
  });

  it("reject anything else with the value and the allowed list", () => {
    const result = enumOf("ComponentType").safeParse("spaceship");
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe(
      `"spaceship" is not a valid ComponentType; allowed: ${ENUMS.ComponentType.join(", ")}`,
    );
  });

  it("never accept a string that is not a member after normalisation", () => {
    const members = new Set(ENUMS.ThreatCategory.map((v) => v.toLowerCase().replace(/[\s_-]/g, "")));
    fc.assert(
      fc.property(fc.string(), (s) => {
        const ok = enumOf("ThreatCategory").safeParse(s).success;
        return (
          ok ===
          members.has(
            s
              .trim()
              .toLowerCase()
              .replace(/[\s_\-–]+/g, ""),
          )
        );
      }),
    );
  });
});

describe("text limits", () => {
  it("keep text up to the limit (trimmed) and refuse longer text without truncating", () => {
    const field = text(200);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 400 }), (s) => {
        const result = field.safeParse(s);
        if (s.length > 200)
          return !result.success && result.error.issues[0]!.message.includes("the limit is 200");
        if (s.trim().length === 0) return !result.success;
        return result.success && result.data === s.trim();
      }),
    );
  });

  it("name the field and the limit in errors", () => {
    expect(() => parseOrThrow(text(30), "x".repeat(31), "name")).toThrowError(
      /name: is 31 characters; the limit is 30/,
    );
    try {
      parseOrThrow(text(5), 42, "name");
    } catch (error) {
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).details.field).toBe("name");
    }
  });

  it("limit tags to 1..30 characters", () => {
    expect(Tag.safeParse("x".repeat(30)).success).toBe(true);
    expect(Tag.safeParse("x".repeat(31)).success).toBe(false);
    expect(Tag.safeParse("   ").success).toBe(false);
  });
});
