import { isPlaceholderPassword, TEMPLATED_USER, unquote } from './passwords.js';
import type { SecretRuleDefinition } from './rule.js';
import { isJwt } from './validators.js';

const notFiller = (secret: string): boolean => !isPlaceholderPassword(secret);

// Schemes whose URLs carry database or broker credentials.
const DB_SCHEMES = [
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'mongodb',
  'mongodb+srv',
  'redis',
  'rediss',
  'amqp',
  'amqps',
  'mssql',
  'sqlserver',
  'cockroachdb',
  'clickhouse',
  'couchdb',
  'neo4j',
  'neo4j+s',
  'bolt',
  'cassandra',
  'oracle',
  'db2',
  'snowflake',
  'memcached',
  'nats',
];

// `user:password@host` right after `scheme://`; the password is group 1. Rules using it score 0.97 so
// they win overlaps with an EMAIL finding on `password@host`.
const USER_INFO = /[^\s:@/'"\x60<>]{0,128}:([^\s@/'"\x60<>]{1,256})@[\w.[\]-]{1,253}/;

/** Formats defined by structure rather than by a provider: keys, tokens, connection strings, auth. */
export const structuredRules: readonly SecretRuleDefinition[] = [
  {
    id: 'private-key',
    entity: 'PRIVATE_KEY',
    description:
      'PEM/OpenSSH/PGP private key block (RSA, EC, DSA, OPENSSH, PKCS8, encrypted), header to footer',
    keywords: ['-----begin', 'private key'],
    pattern:
      /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,16384}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/i,
    before: 128,
    after: 20_000,
    score: 0.99,
    keepPlaceholders: true,
  },
  {
    id: 'private-key-partial',
    entity: 'PRIVATE_KEY',
    description: 'Private key header followed by key material without its footer (a truncated paste)',
    keywords: ['-----begin'],
    // One character-class run after the header (armour headers like `Proc-Type: 4,ENCRYPTED` included).
    pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----([A-Za-z0-9+/=\s:,._-]{64,16384})/,
    sticky: 'start',
    group: 0,
    entropy: 4,
    score: 0.9,
    keepPlaceholders: true,
  },
  {
    id: 'putty-private-key',
    entity: 'PRIVATE_KEY',
    description: 'PuTTY private key file (PPK v2/v3) private lines',
    keywords: ['putty-user-key-file-'],
    pattern:
      /PuTTY-User-Key-File-[23]: [^\n]{1,64}\n[\s\S]{0,4096}?Private-Lines: \d{1,3}\r?\n([A-Za-z0-9+/=\r\n]{40,8192})/,
    before: 0,
    after: 12_000,
    score: 0.95,
    keepPlaceholders: true,
  },
  {
    id: 'jwt',
    entity: 'JWT',
    description: 'JSON Web Token whose header decodes to JSON with an alg',
    keywords: ['eyj'],
    pattern:
      /\b(eyJ[A-Za-z0-9_-]{10,4096}={0,2}\.eyJ[A-Za-z0-9_-]{2,8192}={0,2}\.[A-Za-z0-9_-]{0,2048}={0,2})(?![\w.-])/,
    before: 16,
    after: 16_000,
    entropy: 3,
    validate: isJwt,
    score: 0.9,
  },
  {
    id: 'jwt-base64',
    entity: 'JWT',
    description: 'Base64-encoded JSON Web Token (ZXlK... decodes to eyJ...) whose header holds an alg',
    keywords: ['zxlk'],
    pattern: /ZXlK[A-Za-z0-9+/=]{40,8192}/,
    validate: (secret: string) => isJwt(Buffer.from(secret, 'base64').toString('utf8').trim()),
    entropy: 3,
    score: 0.85,
  },
  {
    id: 'connection-string-url',
    entity: 'CONNECTION_STRING',
    category: 'credential',
    description:
      'Database/broker URL with a password (postgres, mysql, mongodb(+srv), redis, amqp, mssql, ...)',
    keywords: DB_SCHEMES.map((scheme) => `${scheme}://`),
    pattern: USER_INFO,
    sticky: 'end',
    validate: notFiller,
    score: 0.97,
  },
  {
    id: 'connection-string-jdbc',
    entity: 'CONNECTION_STRING',
    category: 'credential',
    description: 'JDBC URL with a password parameter',
    keywords: ['jdbc:'],
    pattern: /jdbc:[a-z0-9]{2,20}:[^\s'"\x60]{0,512}?[?&;:]password=([^\s&;'"\x60]{1,256})/i,
    before: 0,
    after: 1024,
    validate: notFiller,
    score: 0.95,
  },
  {
    id: 'connection-string-ado',
    entity: 'CONNECTION_STRING',
    category: 'credential',
    description: 'ADO.NET/ODBC connection string with Password= or Pwd=',
    keywords: ['server=', 'data source=', 'host=', 'datasource='],
    pattern:
      /\b(?:Server|Data Source|DataSource|Host|Address)\s{0,3}=[^;\n]{1,256};[^\n]{0,512}?\b(?:Password|Pwd)\s{0,3}=\s{0,3}([^;'"\s]{1,256})/i,
    before: 0,
    after: 1024,
    validate: notFiller,
    score: 0.9,
  },
  {
    id: 'azure-storage-account-key',
    entity: 'AZURE_STORAGE_KEY',
    description: 'Azure storage account key in a connection string',
    keywords: ['accountkey='],
    pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/i,
    before: 0,
    after: 128,
    score: 0.95,
  },
  {
    id: 'azure-sas-token',
    entity: 'AZURE_SAS_TOKEN',
    description: 'Azure shared access signature (sig= with sv= and se=/sp=)',
    keywords: ['sig='],
    pattern: /[?&]sv=\d{4}-\d{2}-\d{2}[^\s'"]{0,512}?[?&]sig=([A-Za-z0-9%+/]{30,100}(?:%3D|=){0,2})/i,
    before: 768,
    after: 160,
    score: 0.9,
  },
  {
    id: 'url-basic-auth',
    entity: 'BASIC_AUTH_CREDENTIALS',
    category: 'credential',
    description: 'Password in the user-info of a URL (https://user:pass@host)',
    keywords: ['://'],
    pattern: USER_INFO,
    sticky: 'end',
    validate: notFiller,
    score: 0.97,
  },
  {
    id: 'curl-auth-user',
    entity: 'PASSWORD',
    description: 'user:password passed to curl with -u/--user (the span covers both)',
    keywords: ['curl'],
    pattern:
      /[ \t\n](?:-u|--user)(?:=|[ \t]{1,5})(?:"([^"\n]{0,256}:[^"\n]{0,256})"|'([^'\n]{1,256}:[^'\n]{1,256})'|((?:"[^"\n]{1,256}"|'[^'\n]{1,256}'|[\w$@.{}-]{1,256}):(?:"[^"\n]{1,256}"|'[^'\n]{1,256}'|[\w${}@.~!#%^&*-]{1,256})))(?=\s|$)/,
    before: 0,
    after: 4096,
    entropy: 2,
    validate: (credential: string) => {
      const colon = credential.indexOf(':');
      const user = unquote(credential.slice(0, colon));
      const password = credential.slice(colon + 1);
      if (password.length === 0) return !isPlaceholderPassword(user);
      return !isPlaceholderPassword(password, user) && !TEMPLATED_USER.test(user);
    },
    score: 0.97,
  },
  {
    id: 'curl-auth-header',
    entity: 'AUTHORIZATION_HEADER',
    description: 'Credential in an Authorization/API-key header passed to curl with -H/--header',
    keywords: ['curl'],
    pattern:
      /[ \t\n](?:-H|--header)(?:=|[ \t]{0,5})["'](?:Authorization:[ \t]{0,5}(?:Basic[ \t]([a-z0-9+/]{8,512}={0,3})|(?:Bearer|(?:Api-)?Token)[ \t]([\w=~@.+/-]{8,4096})|([\w=~@.+/-]{8,4096}))|(?:X-(?:[a-z]{1,32}-)?)?(?:Api-?)?(?:Key|Token):[ \t]{0,5}([\w=~@.+/-]{8,4096}))["']/i,
    before: 0,
    after: 4096,
    entropy: 2.75,
    score: 0.85,
  },
  {
    id: 'authorization-header',
    entity: 'AUTHORIZATION_HEADER',
    description: 'Bearer/Basic/Token credential in an Authorization header (HTTP dumps, code, configs)',
    keywords: ['authorization'],
    operator: /["']?[ \t]{0,3}[:=,][ \t]{0,3}["'`]?(?:bearer|basic|token|api-key)[ \t]{1,3}/i,
    value: /[A-Za-z0-9~+/._=-]{16,2048}/,
    entropy: 3.2,
    score: 0.8,
  },
  {
    id: 'gcp-service-account',
    entity: 'GCP_SERVICE_ACCOUNT',
    description: 'Google Cloud service account key file (JSON with "type": "service_account")',
    keywords: ['service_account'],
    pattern: /"type"\s{0,8}:\s{0,8}"service_account"/,
    before: 32,
    after: 64,
    score: 0.75,
    keepPlaceholders: true,
  },
];
