// The net_server.ml2.mechanism_drivers entry point "example".
export { ExampleMechanismDriver } from '../example-mechanism-driver.js';
