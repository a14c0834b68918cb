/** Where `vigil kb update` downloads public knowledge from: the publishers' own addresses. */
export interface KnowledgeSource {
  name: 'attack' | 'sigma' | 'kev';
  description: string;
  url: string;
  /** File name under VIGIL_HOME/kb; a `.zip` is unpacked into a folder of the same name. */
  file: string;
}

export const publisherSources: readonly KnowledgeSource[] = [
  {
    name: 'attack',
    description: 'MITRE ATT&CK Enterprise (STIX 2.1)',
    url: 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json',
    file: 'enterprise-attack.json',
  },
  {
    name: 'sigma',
    description: 'SigmaHQ rules (latest release)',
    url: 'https://github.com/SigmaHQ/sigma/releases/latest/download/sigma_all_rules.zip',
    file: 'sigma.zip',
  },
  {
    name: 'kev',
    description: 'CISA Known Exploited Vulnerabilities catalogue',
    url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
    file: 'known_exploited_vulnerabilities.json',
  },
];
