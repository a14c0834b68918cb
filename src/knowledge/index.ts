/** @module knowledge: what Vigil knows and learns; for now the download of public knowledge. */
export { type KnowledgeSource, publisherSources } from './knowledge-sources.js';
export { type UpdatedSource, type UpdateOptions, updateKnowledge } from './update-knowledge.js';
