/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  modulePathIgnorePatterns: ["<rootDir>/dist/"],
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // TypeScript is transformed, and two ES-module packages; the compiled Strapi app in dist/ is loaded as it is.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // oidc-provider, jose and file-type (with its helpers) are ES modules; Node loads them with require(), Jest's
    // module loader cannot.
    '/node_modules/(oidc-provider|jose|file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(oidc-provider|jose|file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/)'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  testTimeout: 60000,
  // A failed boot can leave Strapi's handles open; never let that hang CI.
  forceExit: true,
};
