/**
 * Arbitrary Winlogbeat 6 records for property tests (the parser's, and the detector's over what it
 * reads): the shape's system fields with plausible and hostile values, and `event_data` /
 * `user_data` holding anything JSON can.
 */
import fc from 'fast-check';

const value = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.object({ maxDepth: 1 }),
);

const dataField = fc.constantFrom(
  'Image',
  'CommandLine',
  'ParentImage',
  'TargetObject',
  'Details',
  'IpAddress',
  'LogonType',
  'param1',
  'DestinationIp',
  'Hashes',
  'User',
  'ProcessId',
  'GrantedAccess',
  'ScriptBlockText',
);

export const winlogbeat6Record = fc
  .record({
    '@timestamp': fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.string(),
    ),
    event_id: fc.oneof(fc.constantFrom(1, 3, 10, 13, 4104, 4624, 4688, 7045, 800), fc.integer(), fc.string()),
    log_name: fc.oneof(
      fc.constantFrom('Microsoft-Windows-Sysmon/Operational', 'Security', 'System', 'Windows PowerShell'),
      fc.string(),
    ),
    source_name: fc.string({ maxLength: 40 }),
    computer_name: fc.oneof(fc.string({ maxLength: 40 }), value),
    event_data: fc.oneof(fc.dictionary(dataField, value), value),
    user_data: fc.oneof(fc.dictionary(fc.string({ maxLength: 10 }), value), value),
    user: fc.oneof(fc.record({ name: fc.string(), domain: fc.string(), identifier: fc.string() }), value),
  })
  .map((object) => JSON.stringify(object));
