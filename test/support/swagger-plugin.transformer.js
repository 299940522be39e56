/**
 * The @nestjs/swagger CLI plugin as a ts-jest AST transformer (ts-jest wants `name`, `version` and `factory`), so
 * the app under test has the same OpenAPI schemas as the one `nest build` compiles. Options: see jest.config.js.
 */
const { before } = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (compiler, options) => before(options, compiler.program),
};
