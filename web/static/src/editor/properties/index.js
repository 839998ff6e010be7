import ChidaoPropertiesProvider from './provider.js';

export default {
  __init__: ['chidaoPropertiesProvider'],
  chidaoPropertiesProvider: ['type', ChidaoPropertiesProvider]
};
