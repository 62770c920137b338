export * from './schema.js';
export { isLoopbackHost, ssoSchema, type SsoConfig } from './sso-schema.js';
export { parseConfig, loadConfig, ConfigError, type ConfigIssue, type LoadConfigOptions } from './load.js';
export { interpolateEnv, type InterpolationIssue } from './interpolate.js';
export { DEFAULT_CONFIG_YAML, ensureConfigFile } from './default-config.js';
