import { projectForecast } from './forecast';

describe('projectForecast', () => {
  it('extends the pace of the days begun to the whole period, rounding up', () => {
    expect(projectForecast({ projectSpent: 1_000_001, daysBegun: 2, daysInPeriod: 30, projectCap: 1e12 })).toBe(15_000_015);
  });

  it('treats the first day as a whole day', () => {
    expect(projectForecast({ projectSpent: 500_000, daysBegun: 1, daysInPeriod: 30, projectCap: 1e12 })).toBe(15_000_000);
  });

  it('never forecasts past the project cap', () => {
    expect(projectForecast({ projectSpent: 5_000_000, daysBegun: 1, daysInPeriod: 30, projectCap: 27_000_000 })).toBe(27_000_000);
  });

  it('forecasts nothing for a project that spent nothing', () => {
    expect(projectForecast({ projectSpent: 0, daysBegun: 3, daysInPeriod: 30, projectCap: 27_000_000 })).toBe(0);
  });
});
