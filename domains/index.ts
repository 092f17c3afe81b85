export * from './ids';
export * from './text';
export * from './records';
export * from './catalog';
export * from './vn-aqi';
export * from './views';
export * from './time';
