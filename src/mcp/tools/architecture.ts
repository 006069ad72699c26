import * as ops from "../../ops/architecture.js";
import { bulkTool, crudTools, describeOutcome } from "./crud.js";

export const architectureTools = [
  ...crudTools({
    category: "architecture",
    singular: "component",
    plural: "components",
    label: "Component",
    describe: {
      add: "Add an architecture component (service, function, gateway, queue...). Returns its id.",
      update: 'Change fields of a component; omitted fields stay, "" clears an optional text.',
      list: "List components, optionally of one type.",
      get: "Get one component with all its fields.",
      delete:
        "Delete a component. Refused while connections, flows or threats refer to it unless cascade is true.",
    },
    ops: {
      add: ops.addComponent,
      update: ops.updateComponent,
      list: ops.listComponents,
      get: ops.getComponent,
      delete: ops.deleteComponent,
    },
  }),
  ...crudTools({
    category: "architecture",
    singular: "connection",
    plural: "connections",
    label: "Connection",
    describe: {
      add: "Connect two components or data stores (protocol, port, encryption in transit).",
      update: "Change a connection's ends, protocol, port, encryption or description.",
      list: "List connections, optionally those touching one component.",
      get: "Get one connection.",
      delete: "Delete a connection (crossing points referring to it block this unless cascade is true).",
    },
    ops: {
      add: ops.addConnection,
      update: ops.updateConnection,
      list: ops.listConnections,
      get: ops.getConnection,
      delete: ops.deleteConnection,
    },
  }),
  ...crudTools({
    category: "architecture",
    singular: "data_store",
    plural: "data_stores",
    label: "Data store",
    describe: {
      add: "Add a data store (database, bucket, cache...) with its classification and encryption at rest.",
      update: "Change fields of a data store.",
      list: "List data stores, optionally of one type.",
      get: "Get one data store.",
      delete: "Delete a data store. Refused while referenced unless cascade is true.",
    },
    ops: {
      add: ops.addDataStore,
      update: ops.updateDataStore,
      list: ops.listDataStores,
      get: ops.getDataStore,
      delete: ops.deleteDataStore,
    },
  }),
  bulkTool({
    name: "clear_architecture",
    title: "Clear architecture",
    description: "Delete every component, connection and data store (references to them are removed).",
    category: "architecture",
    op: ops.clearArchitecture,
    render: describeOutcome,
  }),
];
