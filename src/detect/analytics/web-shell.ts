/**
 * A web shell in web-server logs: a server-side script (`.php`, `.jsp`, `.aspx`, `.asp`, `.ashx`,
 * `.cfm`, `.phtml`…) the server never served during the first hour of its own log, then used by
 * one or two clients only, with requests that carry commands: one whose parameters hold shell
 * words (`whoami`, `uname`, `/etc/passwd`, `net user`, `cmd /c`…), or at least 3 POSTs or
 * requests with command parameters (`cmd=`, `exec=`…). A new page of the site is requested by many clients, with GETs and
 * no commands; a scanner probing many missing scripts gets 404s (only successful responses
 * count). State: per (server, script path) one record, at most `limits.keys` × 5 paths; per
 * server its first time.
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  CappedSet,
  EvidenceSample,
  findingAlert,
  hour,
  limitsOf,
  timeOf,
} from './analytic.js';

const script = /\.(php\d?|phtml|jsp|jspx|aspx?|ashx|asmx|cfm|cgi|pl)$/i;
const commandParameter = /(^|[?&])(cmd|command|exec|execute|shell|run|c|e|code|payload)=/i;
const shellWords =
  /(whoami|uname|\/etc\/passwd|\/etc\/shadow|net(\+|%20|\s)+user|ipconfig|ifconfig|cmd(\.exe)?(\+|%20|\s)*\/c|powershell|bash(\+|%20|\s)+-[ci]|wget(\+|%20|\s)|curl(\+|%20|\s)|nc(\+|%20|\s)+-e|base64_decode|eval\()/i;
const learning = hour;
const maximumClients = 2;
const minimumRequests = 3;

interface ScriptUse {
  firstSeen: number;
  learned: boolean;
  clients: CappedSet;
  commands: number;
  explicit: number;
  evidence: EvidenceSample;
  example: string;
  alerted: boolean;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function createWebShellAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const firstTime = new BoundedMap<string, number>(limits.keys);
  const scripts = new BoundedMap<string, ScriptUse>(limits.keys * 5);
  const id = 'analytic:web-shell';

  return {
    id,
    process(event: Event): Alert[] {
      const full = event.url?.path ?? event.url?.full;
      if (full === undefined || event.http === undefined) return [];
      // An access log names no server: its file is the server.
      const server = event.host?.name?.toLowerCase() ?? event.destination?.ip ?? event.url?.domain ?? event.origin.file;
      const client = event.source?.ip;
      const time = timeOf(event);
      if (server === undefined || client === undefined || !Number.isFinite(time)) return [];
      let start = firstTime.get(server);
      if (start === undefined || time < start) {
        start = Math.min(start ?? time, time);
        firstTime.set(server, start);
      }
      const status = event.http.statusCode;
      if (status !== undefined && (status < 200 || status >= 400)) return [];
      const queryAt = full.indexOf('?');
      const path = (queryAt === -1 ? full : full.slice(0, queryAt)).toLowerCase();
      if (!script.test(path)) return [];
      const query = queryAt === -1 ? '' : full.slice(queryAt);
      const key = `${server}|${path}`;
      let use = scripts.get(key);
      if (use === undefined) {
        use = {
          firstSeen: time,
          learned: time - start < learning,
          clients: new CappedSet(maximumClients + 1),
          commands: 0,
          explicit: 0,
          evidence: new EvidenceSample(limits.evidence),
          example: '',
          alerted: false,
        };
        scripts.set(key, use);
      }
      if (use.learned || use.alerted) return [];
      use.clients.add(client);
      const decoded = decode(query);
      const explicit = shellWords.test(decoded);
      const carriesCommand = event.http.method?.toUpperCase() === 'POST' || commandParameter.test(query) || explicit;
      if (carriesCommand) {
        use.commands++;
        if (explicit) {
          use.explicit++;
          if (use.example === '') use.example = decoded.slice(0, 120);
        }
        use.evidence.add(event.id);
      }
      if (use.clients.size > maximumClients) return [];
      if (use.explicit === 0 && use.commands < minimumRequests) return [];
      use.alerted = true;
      return [
        findingAlert(
          {
            analytic: id,
            title: 'Web shell: a new server-side script used to run commands',
            severity: 'high',
            confidence: use.explicit > 0 ? 0.85 : 0.65,
            techniques: ['T1505.003', 'T1059'],
            tactics: ['persistence', 'execution'],
            timestamp: event.timestamp,
            eventIds: use.evidence.ids(),
            reason: `${path} on ${server} was first served ${Math.round((use.firstSeen - start) / 60_000)} min into its log and then received ${use.commands} command-carrying requests (POST or command parameters) from ${use.clients.values().join(', ')}${use.example ? `, e.g. ${use.example}` : ''}`,
          },
          options.attack,
        ),
      ];
    },
    stateKeys() {
      return firstTime.size + scripts.size;
    },
    flush() {
      firstTime.clear();
      scripts.clear();
      return [];
    },
  };
}
