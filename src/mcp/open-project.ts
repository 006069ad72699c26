import type { Project } from "../project.js";

/** How the server reaches its project: opened (with its store and everything behind it) on first use. */
export type OpenProject = () => Promise<Project>;

/** Opens the project at `root` once, the first time a request needs it. */
export function lazyProject(root: string): OpenProject {
  let opened: Promise<Project> | undefined;
  return () => (opened ??= import("./runtime.js").then(({ Project }) => new Project(root)));
}
