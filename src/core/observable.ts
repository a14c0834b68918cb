import { z } from 'zod';

/** Kinds of observable, named after STIX cyber-observable types where one exists. */
export const observableTypeSchema = z
  .enum([
    'ipv4-addr',
    'ipv6-addr',
    'domain-name',
    'url',
    'email-addr',
    'md5',
    'sha1',
    'sha256',
    'sha512',
    'file-name',
    'file-path',
    'user-account',
    'hostname',
    'process',
    'windows-registry-key',
    'mac-addr',
    'ja3',
    'ja4',
    'user-agent',
    'cve',
    'other',
  ])
  .meta({ description: 'Kind of observable (STIX cyber-observable vocabulary)' });
export type ObservableType = z.infer<typeof observableTypeSchema>;

/** A value seen in an event that intelligence can be matched against. */
export const observableSchema = z
  .object({
    type: observableTypeSchema,
    value: z.string().min(1),
    /** The normalised event field it came from, e.g. `destination.ip`. */
    field: z.string().optional(),
  })
  .meta({ description: 'A value seen in an event (ip, domain, hash, user, …)' });
export type Observable = z.infer<typeof observableSchema>;
