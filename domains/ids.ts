/** The ten IOC domains, in the order the province's IOC announcement lists them. */
export const DOMAIN_IDS = [
  'economy',
  'publicAdmin',
  'traffic',
  'urbanOrder',
  'land',
  'environment',
  'health',
  'education',
  'tourism',
  'hotline',
] as const;

export type DomainId = (typeof DOMAIN_IDS)[number];

export function isDomainId(value: unknown): value is DomainId {
  return typeof value === 'string' && (DOMAIN_IDS as readonly string[]).includes(value);
}
