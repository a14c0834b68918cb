/**
 * The CISA Known Exploited Vulnerabilities catalogue: which CVEs are exploited in the wild,
 * since when, the remediation due date, and whether ransomware campaigns use them.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputInvalidError, InputUnreadableError } from '../../core/index.js';

export const kevVulnerabilitySchema = z
  .object({
    cveID: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
    vendorProject: z.string(),
    product: z.string(),
    vulnerabilityName: z.string(),
    dateAdded: z.string(),
    shortDescription: z.string(),
    requiredAction: z.string(),
    dueDate: z.string(),
    knownRansomwareCampaignUse: z.string().default('Unknown'),
    notes: z.string().default(''),
    cwes: z.array(z.string()).default([]),
  })
  .meta({ description: 'One entry of the CISA KEV catalogue' });

export const kevCatalogFileSchema = z
  .object({
    title: z.string().optional(),
    catalogVersion: z.string(),
    dateReleased: z.string(),
    count: z.number().optional(),
    vulnerabilities: z.array(z.unknown()),
  })
  .meta({ description: 'The CISA KEV JSON feed' });

export interface KevEntry {
  readonly cveId: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly name: string;
  readonly description: string;
  readonly dateAdded: string;
  readonly dueDate: string;
  readonly requiredAction: string;
  /** CISA says ransomware campaigns are known to use it (`knownRansomwareCampaignUse: Known`). */
  readonly ransomwareUse: boolean;
  readonly notes: string;
  readonly cwes: readonly string[];
}

export interface KevCatalog {
  readonly version: string;
  readonly released: string;
  get(cveId: string): KevEntry | undefined;
  has(cveId: string): boolean;
  entries(): readonly KevEntry[];
  /** Entries dropped because they failed the schema. */
  readonly rejected: readonly { index: number; reason: string }[];
}

export async function loadKev(file: string): Promise<KevCatalog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read KEV catalogue: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputInvalidError(`KEV catalogue is not JSON: ${(error as Error).message}`, { location: { file } });
  }
  return parseKev(json, file);
}

export function parseKev(json: unknown, file?: string): KevCatalog {
  const parsed = kevCatalogFileSchema.safeParse(json);
  if (!parsed.success)
    throw new InputInvalidError(`not a KEV catalogue: ${parsed.error.issues[0]?.message}`, { location: { file } });
  const byCve = new Map<string, KevEntry>();
  const rejected: { index: number; reason: string }[] = [];
  parsed.data.vulnerabilities.forEach((item, index) => {
    const entry = kevVulnerabilitySchema.safeParse(item);
    if (!entry.success) {
      rejected.push({
        index,
        reason: entry.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      });
      return;
    }
    const value = entry.data;
    byCve.set(value.cveID.toUpperCase(), {
      cveId: value.cveID.toUpperCase(),
      vendorProject: value.vendorProject,
      product: value.product,
      name: value.vulnerabilityName,
      description: value.shortDescription,
      dateAdded: value.dateAdded,
      dueDate: value.dueDate,
      requiredAction: value.requiredAction,
      ransomwareUse: value.knownRansomwareCampaignUse.toLowerCase() === 'known',
      notes: value.notes,
      cwes: value.cwes,
    });
  });
  const all = [...byCve.values()];
  return {
    version: parsed.data.catalogVersion,
    released: parsed.data.dateReleased,
    get: (cveId) => byCve.get(cveId.toUpperCase()),
    has: (cveId) => byCve.has(cveId.toUpperCase()),
    entries: () => all,
    rejected,
  };
}
