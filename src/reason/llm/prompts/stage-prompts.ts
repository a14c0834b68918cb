/**
 * The task text of each stage, versioned: the paper's chain (event summary → suspicious
 * behaviour → attack stage → response proposal) mapped onto contextualise, correlate, plan.
 * Each names what the stage must decide and what it is given; the evidence itself travels
 * in a data block, never in these strings.
 */
export type StageName = 'contextualise' | 'correlate' | 'plan';

export interface StagePrompt {
  stage: StageName;
  version: string;
  /** Tool / schema name sent to providers. */
  outputName: string;
  task: string;
}

export const stagePrompts: Record<StageName, StagePrompt> = {
  contextualise: {
    stage: 'contextualise',
    version: 'vigil.prompt.contextualise/1',
    outputName: 'incident_context',
    task: [
      'Stage 1 of 3, contextualise (event summary and suspicious behaviour).',
      'From the evidence, name the affected hosts (criticality, role) and users (privileged or not), the attack vector with its rationale, the observables that matter (IP addresses, domains, hashes, URLs exactly as they appear in the evidence), and an impact score from 0 to 100 with its reasons.',
      'The built-in rule-based analysis is included as "baseline": keep what the evidence supports and correct what it does not.',
    ].join('\n'),
  },
  correlate: {
    stage: 'correlate',
    version: 'vigil.prompt.correlate/1',
    outputName: 'attack_sequence',
    task: [
      'Stage 2 of 3, correlate (attack stage).',
      'Order the attack into steps on the ATT&CK kill chain: for each step the tactic, the technique ids the evidence shows (only from the allowed list), a one-sentence summary, a confidence between 0 and 1, and the evidence. Then name the current stage, up to three likely next tactics with a rationale, an overall confidence, and why it is not higher.',
      'The context from stage 1 and the built-in sequence are included as "context" and "baseline".',
    ].join('\n'),
  },
  plan: {
    stage: 'plan',
    version: 'vigil.prompt.plan/1',
    outputName: 'response_plan',
    task: [
      'Stage 3 of 3, plan (response proposal).',
      "Propose response actions in the order they should run: contain first, then eradicate, then follow up. Each action names its type, one target from the allowed list (the incident's own entities), a rationale, the expected effect and the evidence. Then summarise the plan in two sentences.",
      'The built-in plan is included as "baseline"; its proposals are kept whatever you answer, so add only what it misses and explain the order. A deterministic policy decides what runs.',
    ].join('\n'),
  },
};
