// The bundle's stand-in for the SDK's internal `@modelcontextprotocol/server/_shims` module
// (rollup.config.mjs points that import here). The SDK's Node shim imports its Ajv-based JSON Schema
// validator eagerly, about 300 KB that this server needs only if it ever validates a client's
// elicitation answer. This shim gives the same validator, loaded the first time it is used.
import { createRequire } from "node:module";
import process from "node:process";
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/server";

type AjvModule = { AjvJsonSchemaValidator: new () => jsonSchemaValidator };

const require = createRequire(import.meta.url);

export class DefaultJsonSchemaValidator implements jsonSchemaValidator {
  private engine: jsonSchemaValidator | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.engine ??= new (
      require("@modelcontextprotocol/server/validators/ajv") as AjvModule
    ).AjvJsonSchemaValidator();
    return this.engine.getValidator<T>(schema);
  }
}

export { process };
