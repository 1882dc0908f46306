/**
 * Roles carried in a bearer token. The scope claims that go with each:
 * agency-staff → agency + region, region-admin → region, province-admin → province,
 * juror → editions, national-admin and service → none (national reach).
 */
export const ROLES = ['agency-staff', 'region-admin', 'province-admin', 'national-admin', 'juror', 'service'] as const;
export type Role = (typeof ROLES)[number];
