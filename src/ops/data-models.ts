import * as z from "zod";
import { ENUMS, ENUM_NAMES } from "../domain/enums.js";
import { ModelError } from "../domain/errors.js";
import { enumKey } from "../domain/fields.js";
import { NoInput } from "./input.js";
import { query } from "./operation.js";

export const listDataModels = query(NoInput, () => ({ models: [...ENUM_NAMES] }));

export const getDataModelTypes = query(
  z.strictObject({
    model_name: z.string().max(100).describe("Enum name, e.g. ComponentType (see list_data_models)"),
  }),
  (_model, { model_name }) => {
    const name = ENUM_NAMES.find((n) => enumKey(n) === enumKey(model_name));
    if (!name) {
      throw new ModelError(
        "not_found",
        `model_name: ${JSON.stringify(model_name)} is not a data model; available: ${ENUM_NAMES.join(", ")}`,
        {
          field: "model_name",
          value: model_name,
          allowed: ENUM_NAMES,
        },
      );
    }
    return { model_name: name, values: [...ENUMS[name]] };
  },
);
