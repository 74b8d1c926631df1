// Figma tools, on the REST API (https://www.figma.com/developers/api) with the connection's personal access token
// (X-Figma-Token, from the catalog). Neither list is paginated by Figma: one request each. 429s carry Retry-After,
// which the proxy waits for.
import { z } from "zod";
import { defineTool, type TAnyTool } from "../define-tool";

const ZFile = z.object({
  key: z.string(),
  name: z.string(),
  thumbnail_url: z.string().nullable().optional(),
  last_modified: z.string(),
});
const ZProjectFiles = z.object({ name: z.string().optional(), files: z.array(ZFile) });

const ZComponent = z.object({
  key: z.string(),
  node_id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  thumbnail_url: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
  containing_frame: z
    .object({ name: z.string().nullable().optional(), pageName: z.string().nullable().optional() })
    .nullable()
    .optional(),
});
const ZComponents = z.object({ meta: z.object({ components: z.array(ZComponent) }) });

export const figmaListProjectFiles = defineTool({
  name: "figma.list_project_files",
  title: "Files of a project",
  description:
    "The files of one Figma project (the id in a project URL, figma.com/files/project/<id>): key, name, thumbnail and last modified time, most recently modified first. Use a file's key with figma.list_file_components.",
  providers: ["figma"],
  requiredScopes: [],
  access: "read",
  input: z.object({
    project_id: z.string().regex(/^\d{1,20}$/, "the numeric project id from the project's URL"),
  }),
  output: z.object({
    project: z.string().nullable(),
    files: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        url: z.string(),
        thumbnail_url: z.string().nullable(),
        last_modified: z.string(),
      }),
    ),
    count: z.number().int(),
  }),
  async run(tctx, input) {
    const body = ZProjectFiles.parse(await tctx.json({ path: `/projects/${input.project_id}/files` }));
    const files = [...body.files]
      .sort((a, b) => Date.parse(b.last_modified) - Date.parse(a.last_modified))
      .map((f) => ({
        key: f.key,
        name: f.name,
        url: `https://www.figma.com/design/${f.key}`,
        thumbnail_url: f.thumbnail_url ?? null,
        last_modified: f.last_modified,
      }));
    return { project: body.name ?? null, files, count: files.length };
  },
});

export const figmaListFileComponents = defineTool({
  name: "figma.list_file_components",
  title: "Components of a file",
  description:
    "The published components of one Figma file (the key in a file URL, figma.com/design/<key>/…): component key, node id, name, description, the frame and page it sits in, and times. Unpublished components are not listed (Figma's API returns published library components only).",
  providers: ["figma"],
  requiredScopes: [],
  access: "read",
  input: z.object({ file_key: z.string().regex(/^[A-Za-z0-9]{10,64}$/, "the file key from the file's URL") }),
  output: z.object({
    components: z.array(
      z.object({
        key: z.string(),
        node_id: z.string(),
        name: z.string(),
        description: z.string().nullable(),
        frame: z.string().nullable(),
        page: z.string().nullable(),
        thumbnail_url: z.string().nullable(),
        updated_at: z.string().nullable(),
      }),
    ),
    count: z.number().int(),
  }),
  async run(tctx, input) {
    const body = ZComponents.parse(await tctx.json({ path: `/files/${input.file_key}/components` }));
    const components = body.meta.components.map((c) => ({
      key: c.key,
      node_id: c.node_id,
      name: c.name,
      description: c.description || null,
      frame: c.containing_frame?.name ?? null,
      page: c.containing_frame?.pageName ?? null,
      thumbnail_url: c.thumbnail_url ?? null,
      updated_at: c.updated_at ?? null,
    }));
    return { components, count: components.length };
  },
});

export const figmaTools: readonly TAnyTool[] = [figmaListProjectFiles, figmaListFileComponents];
