// Integration and end-to-end tests wait on real servers; each wait has its own deadline.
jest.setTimeout(120_000);
