// Stand-in for react-devtools-core, which ink only loads in development.
export default { initialize() {}, connectToDevTools() {} };
