export { ExampleMechanismDriver } from './example-mechanism-driver.js';
export { exampleOptions, exampleHosts, exampleVifType, EXAMPLE_GROUP } from './options.js';
