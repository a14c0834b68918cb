/**
 * The one detector every path runs on events (investigate, serve, the detect workers, the
 * evaluation's Vigil system): the loaded Sigma rules and correlation rules, and Vigil's behaviour
 * analytics, with techniques resolved against the loaded ATT&CK catalogue.
 */
import { createDetector, type Detector } from '../detect/index.js';
import type { Knowledge } from './load-knowledge.js';

export function createEventDetector(knowledge: Pick<Knowledge, 'rules' | 'attack'>): Detector {
  return createDetector(knowledge.rules, { attack: knowledge.attack, analytics: true });
}
