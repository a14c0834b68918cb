import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attackerAddress,
  createNetnsLab,
  labUnavailable,
  managementAddress,
  type NetnsLab,
} from '../../__fixtures__/netns-lab.js';
import type { StepInvocation } from '../connector.js';
import { namespaceRunner } from '../process/command-runner.js';
import { createFirewallConnector, detectFirewallBackend } from './firewall-connector.js';

const step = (
  actionType: StepInvocation['actionType'],
  value: string,
  parameters: Record<string, unknown> = {},
): StepInvocation => ({
  runId: 'r1',
  ref: actionType,
  actionType,
  target: { kind: actionType === 'block-ip' ? 'ip' : 'host', value },
  parameters,
  idempotencyKey: `r1/${actionType}/${value}`,
});

for (const tool of ['nft', 'iptables'] as const) {
  const unavailable = labUnavailable(tool);
  if (unavailable) console.warn(`firewall netns test (${tool}) skipped: ${unavailable}`);
  describe.skipIf(unavailable)(
    `firewall connector over ${tool} in network namespaces${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    () => {
      let lab: NetnsLab;
      const signal = new AbortController().signal;
      beforeAll(async () => {
        lab = await createNetnsLab();
      });
      afterAll(() => lab?.destroy());

      it('blocks and unblocks an address for real, idempotently', async () => {
        const backend = await detectFirewallBackend(
          namespaceRunner(lab.inside),
          tool === 'nft' ? 'nftables' : 'iptables',
        );
        const connector = createFirewallConnector({ perimeter: backend });
        expect(lab.canConnect(attackerAddress)).toBe(true);
        const block = step('block-ip', attackerAddress);
        const output = await connector.execute(block, signal);
        expect(output).toMatchObject({ address: attackerAddress, alreadyApplied: false });
        expect(lab.canConnect(attackerAddress)).toBe(false);
        expect(lab.canConnect(managementAddress)).toBe(true);
        expect(await connector.execute(block, signal)).toMatchObject({ alreadyApplied: true });
        expect((await connector.undo!(block, output, signal)).removed).toBeGreaterThan(0);
        expect(lab.canConnect(attackerAddress)).toBe(true);
        expect(await connector.undo!(block, output, signal)).toMatchObject({ removed: 0 });
      });

      it('isolates a host except for its management address, then releases it', async () => {
        const backend = await detectFirewallBackend(
          namespaceRunner(lab.inside),
          tool === 'nft' ? 'nftables' : 'iptables',
        );
        const connector = createFirewallConnector({ hosts: { 'ws-fin-07': backend } });
        await connector.execute(
          step('isolate-host', 'WS-FIN-07.corp.example', { managementAddresses: [managementAddress] }),
          signal,
        );
        expect(lab.canConnect(attackerAddress)).toBe(false);
        expect(lab.canConnect(managementAddress)).toBe(true);
        expect(await connector.execute(step('isolate-host', 'ws-fin-07'), signal)).toMatchObject({
          alreadyApplied: true,
        });
        expect(await connector.execute(step('release-host', 'ws-fin-07'), signal)).toMatchObject({ wasIsolated: true });
        expect(lab.canConnect(attackerAddress)).toBe(true);
      });

      it('refuses a hostile target value before any command runs', async () => {
        const backend = await detectFirewallBackend(
          namespaceRunner(lab.inside),
          tool === 'nft' ? 'nftables' : 'iptables',
        );
        const connector = createFirewallConnector({ perimeter: backend });
        await expect(connector.execute(step('block-ip', '1.2.3.4; flush ruleset'), signal)).rejects.toMatchObject({
          code: 'input-invalid',
        });
        await expect(connector.execute(step('block-ip', '$(reboot)'), signal)).rejects.toMatchObject({
          code: 'input-invalid',
        });
      });
    },
  );
}
