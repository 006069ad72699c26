// Loads a project's model in a fresh process from the built code and prints what it holds as JSON:
// the files every entity and singleton serialise to, load issues, dangling references, id high-water.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [root, dist = path.resolve("dist")] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const { ModelStore } = await load("store/store.js");
const { COLLECTIONS, COLLECTION_KINDS } = await load("domain/kinds.js");
const { findDanglingReferences } = await load("domain/references.js");
const { toFileJson } = await load("store/serialize.js");
const { Layout } = await load("store/layout.js");

const store = ModelStore.open(root, { fsync: false });
const layout = new Layout("/");
const result = await store.read((model) => {
  const files = {};
  for (const kind of COLLECTION_KINDS)
    for (const entity of model.list(kind))
      files[layout.relative(layout.entityFile(kind, entity.id))] = toFileJson(
        COLLECTIONS[kind].schema.parse(entity),
      );
  files["model/business-context.json"] = toFileJson(model.singleton("business_context"));
  files["model/project.json"] = toFileJson(model.singleton("project"));
  return { files, dangling: findDanglingReferences(model), highWater: model.numericHighWater };
});
process.stdout.write(JSON.stringify({ ...result, issues: store.loadIssues(), saved: store.isSaved() }));
