/**
 * Indexer acknowledgement, HEC style: each accepted request on a channel gets the next ack id,
 * which turns true once every event of the request has been handed to the consumer (the queue's
 * `delivered` count reaches the request's last sequence number). An id reported true is
 * forgotten, as Splunk does. Bounded: at most `maxChannels` channels (the least recently used
 * goes) and `maxPendingPerChannel` ids per channel (the oldest goes, and then reads false).
 */
export class HecAcknowledgements {
  private readonly channels = new Map<string, { nextId: number; pending: Map<number, number> }>();

  constructor(
    private readonly maxChannels = 1000,
    private readonly maxPendingPerChannel = 10_000,
  ) {}

  /** Registers a request whose last event has sequence number `sequence`; returns its ack id. */
  register(channel: string, sequence: number): number {
    let state = this.channels.get(channel);
    if (state) this.channels.delete(channel);
    else state = { nextId: 0, pending: new Map() };
    this.channels.set(channel, state);
    if (this.channels.size > this.maxChannels) this.channels.delete(this.channels.keys().next().value as string);
    const id = state.nextId;
    state.nextId += 1;
    state.pending.set(id, sequence);
    if (state.pending.size > this.maxPendingPerChannel)
      state.pending.delete(state.pending.keys().next().value as number);
    return id;
  }

  /** Status of each id: true once delivered (and then forgotten), false otherwise or when unknown. */
  query(channel: string, ids: readonly number[], delivered: number): Record<string, boolean> {
    const state = this.channels.get(channel);
    const result: Record<string, boolean> = {};
    for (const id of ids) {
      const sequence = state?.pending.get(id);
      const done = sequence !== undefined && delivered >= sequence;
      if (done) state?.pending.delete(id);
      result[String(id)] = done;
    }
    return result;
  }
}
