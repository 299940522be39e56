/** One Jest run: unit specs beside the code (`*.spec.ts`), end-to-end suites under `test/` (`*.e2e-spec.ts`). */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');
const nest = require('./nest-cli.json');

// The @nestjs/swagger plugin that `nest build` runs, so the tested app documents what the built one does.
const swaggerPlugin = nest.compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: 'tsconfig.json',
        astTransformers: {
          before: [
            { path: '<rootDir>/test/support/swagger-plugin.transformer.js', options: swaggerPlugin.options },
          ],
        },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testTimeout: 30000,
};
