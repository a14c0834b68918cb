/**
 * The behaviour analytics Vigil runs beside the rules (see `analytic.ts` for the interface and
 * the state bound), and one detector that runs them all.
 */
import type { Alert, Event } from '../../core/index.js';
import type { AnalyticOptions, BehaviourAnalytic } from './analytic.js';
import { createBeaconingAnalytic } from './beaconing.js';
import { createBroughtInProgramAnalytic } from './brought-in-program.js';
import { createDeviceCaptureAnalytic } from './device-capture.js';
import { createDnsTunnellingAnalytic } from './dns-tunnelling.js';
import { createExfiltrationAnalytic } from './exfiltration.js';
import { createFederationKeyTheftAnalytic } from './federation-key-theft.js';
import { createFirstSeenAnalytic } from './first-seen.js';
import { createLateralMovementAnalytic } from './lateral-movement.js';
import { createLinuxCompromiseAnalytic } from './linux-compromise.js';
import { createMassFileEncryptionAnalytic } from './mass-file-encryption.js';
import { createPlantedLibraryAnalytic } from './planted-library.js';
import { createProxyExecutionAnalytic } from './proxy-execution.js';
import { createWebShellAnalytic } from './web-shell.js';
import { createWindowsCredentialAbuseAnalytic } from './windows-credential-abuse.js';

export type { AnalyticLimits, AnalyticOptions, BehaviourAnalytic } from './analytic.js';
export { defaultLimits } from './analytic.js';
export { SharedDestinations } from './shared-destinations.js';

/** Every behaviour analytic, each with its own bounded state. */
export function createBehaviourAnalytics(options: AnalyticOptions = {}): BehaviourAnalytic[] {
  return [
    createBeaconingAnalytic(options),
    createDnsTunnellingAnalytic(options),
    createExfiltrationAnalytic(options),
    createLinuxCompromiseAnalytic(options),
    createWindowsCredentialAbuseAnalytic(options),
    createLateralMovementAnalytic(options),
    createFirstSeenAnalytic(options),
    createBroughtInProgramAnalytic(options),
    createDeviceCaptureAnalytic(options),
    createPlantedLibraryAnalytic(options),
    createProxyExecutionAnalytic(options),
    createWebShellAnalytic(options),
    createMassFileEncryptionAnalytic(options),
    createFederationKeyTheftAnalytic(options),
  ];
}

/** Runs analytics as one: the alerts of each, in order; an analytic that throws is skipped for that event. */
export function runAnalytics(analytics: readonly BehaviourAnalytic[]): BehaviourAnalytic {
  return {
    id: 'analytics',
    process(event: Event): Alert[] {
      let alerts: Alert[] = [];
      for (const analytic of analytics) {
        let found: Alert[];
        try {
          found = analytic.process(event);
        } catch {
          continue;
        }
        if (found.length > 0) alerts = alerts.length === 0 ? found : [...alerts, ...found];
      }
      return alerts;
    },
    flush(): Alert[] {
      return analytics.flatMap((analytic) => analytic.flush());
    },
    stateKeys(): number {
      return analytics.reduce((total, analytic) => total + analytic.stateKeys(), 0);
    },
  };
}
