import { modelDigest } from "../domain/digest.js";
import { COLLECTIONS, COLLECTION_KINDS } from "../domain/kinds.js";
import { NoInput } from "./input.js";
import { task } from "./operation.js";

/** The whole model as one JSON document: every collection (sorted by id), the singletons and the digest. */
export const modelSnapshot = task(NoInput, (ctx) =>
  ctx.store.read((model) => {
    const collections = Object.fromEntries(
      COLLECTION_KINDS.map((kind) => [
        COLLECTIONS[kind].dir,
        model.list(kind).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      ]),
    );
    return {
      model_digest: modelDigest(model),
      business_context: model.singleton("business_context"),
      project: model.singleton("project"),
      ...collections,
    };
  }),
);
