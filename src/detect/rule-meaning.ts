/**
 * What a rule's tags mean in ATT&CK and CVE terms: techniques (`attack.t1059.001`), tactics
 * (`attack.credential_access`), CVEs (`cve.2021-44228`). With a catalog, revoked or renamed
 * techniques resolve to their replacements and the techniques' own tactics are added.
 */
import { type Tactic, tacticOrder } from '../core/index.js';

/** The part of an ATT&CK catalog that tag interpretation needs. */
export interface TagResolver {
  /** Current id for a technique id (follows revocations and version crosswalks). */
  resolve(id: string): string;
  /** Enterprise tactic short names of a technique, empty when unknown. */
  tacticsOf(id: string): readonly string[];
  /** Current short name for a tactic name (follows version crosswalks). */
  resolveTactic(name: string): string;
}

export interface RuleMeaning {
  readonly techniques: string[];
  readonly tactics: Tactic[];
  readonly cves: string[];
}

/** ATT&CK v19 split Defense Evasion; core's tactic list is v18, so map the new names back. */
const builtinTacticAliases: Readonly<Record<string, string>> = {
  stealth: 'defense-evasion',
  'defense-impairment': 'defense-evasion',
};

const techniqueTag = /^attack\.t(\d{4})(?:\.(\d{3}))?$/i;
const softwareOrGroupTag = /^attack\.[gsmc]\d{4}$/i;
const tacticTag = /^attack\.([a-z][a-z_-]*)$/i;
const cveTag = /^cve\.(\d{4})[.-](\d{4,})$/i;

export function interpretTags(tags: readonly string[], resolver?: TagResolver): RuleMeaning {
  const techniques = new Set<string>();
  const tactics = new Set<Tactic>();
  const cves = new Set<string>();
  for (const tag of tags) {
    const technique = techniqueTag.exec(tag);
    if (technique) {
      const id = `T${technique[1]}${technique[2] ? `.${technique[2]}` : ''}`;
      techniques.add(resolver ? resolver.resolve(id) : id);
      continue;
    }
    if (softwareOrGroupTag.test(tag)) continue;
    const tactic = tacticTag.exec(tag);
    if (tactic) {
      tactics.add(toTactic(tactic[1] as string, resolver));
      continue;
    }
    const cve = cveTag.exec(tag);
    if (cve) cves.add(`CVE-${cve[1]}-${cve[2]}`);
  }
  if (resolver) {
    for (const technique of techniques)
      for (const name of resolver.tacticsOf(technique)) tactics.add(toTactic(name, resolver));
  }
  return { techniques: [...techniques], tactics: [...tactics], cves: [...cves] };
}

function toTactic(written: string, resolver: TagResolver | undefined): Tactic {
  let name = written.toLowerCase().replace(/_/g, '-');
  if (resolver) name = resolver.resolveTactic(name);
  name = builtinTacticAliases[name] ?? name;
  return (tacticOrder as readonly string[]).includes(name) ? (name as Tactic) : 'other';
}
