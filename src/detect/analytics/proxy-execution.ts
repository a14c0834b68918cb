/**
 * A signed Windows program that runs other code on request (system binary proxy execution)
 * starting a command shell: `mshta.exe` running an HTA or inline script that opens `cmd.exe`,
 * `regsvr32.exe` or `rundll32.exe` loading a scriptlet or DLL that starts PowerShell. These
 * programs exist to run HTML applications, register COM servers, call DLL exports or build
 * projects; none of them needs a shell to do that, while a payload they were made to run uses
 * one at once. Reported once per host, proxy program and shell, with the technique ATT&CK gives
 * the proxy (T1218.005 Mshta, T1218.010 Regsvr32, T1218.011 Rundll32, T1218.003 CMSTP, T1218.004
 * InstallUtil, T1218.008 Odbcconf, T1218.009 Regsvcs/Regasm, T1127.001 MSBuild, T1220 XSL Script
 * Processing). Script hosts (wscript, cscript) are not proxies: administrators' scripts start
 * shells every day (Windows' own network diagnostics do).
 *
 * State: the findings already reported, at most `limits.keys`, least recently used forgotten first.
 */
import type { Alert, Event } from '../../core/index.js';
import { type AnalyticOptions, type BehaviourAnalytic, findingAlert, hostOf } from './analytic.js';
import { programName } from './program-name.js';
import { clipped, reportingOnce } from './report-once.js';

const proxies: Record<string, string> = {
  'mshta.exe': 'T1218.005',
  'regsvr32.exe': 'T1218.010',
  'rundll32.exe': 'T1218.011',
  'cmstp.exe': 'T1218.003',
  'installutil.exe': 'T1218.004',
  'odbcconf.exe': 'T1218.008',
  'regsvcs.exe': 'T1218.009',
  'regasm.exe': 'T1218.009',
  'msbuild.exe': 'T1127.001',
  'msxsl.exe': 'T1220',
};

const shells = new Set(['cmd.exe', 'powershell.exe', 'pwsh.exe', 'powershell_ise.exe']);

export function createProxyExecutionAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const id = 'analytic:proxy-execution';
  return reportingOnce(id, options, (event: Event, first): Alert[] => {
    if (event.action !== 'process-created') return [];
    const process = event.process;
    const parent = process?.parent?.name?.toLowerCase() ?? programName(process?.parent?.executable);
    const child = process?.name?.toLowerCase() ?? programName(process?.executable);
    if (parent === undefined || child === undefined || !shells.has(child)) return [];
    const technique = proxies[parent];
    if (technique === undefined) return [];
    const host = hostOf(event) ?? '';
    const key = `${host}|${parent}|${child}`;
    if (!first(key)) return [];
    const command = process?.commandLine;
    return [
      findingAlert(
        {
          analytic: id,
          title: `${parent} started a command shell (system binary proxy execution)`,
          severity: 'high',
          confidence: 0.7,
          techniques: [technique],
          timestamp: event.timestamp,
          eventIds: [event.id],
          identity: [host, parent, child],
          reason: `on ${host || 'its host'}: ${parent} started ${child}${command ? `: ${clipped(command)}` : ''}; ${parent} runs other code on request and needs no shell for its own work`,
        },
        options.attack,
      ),
    ];
  });
}
