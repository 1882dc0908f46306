/** Injection token of the running service's name ("registry", …). */
export const SERVICE_NAME = 'lumbung:service-name';
