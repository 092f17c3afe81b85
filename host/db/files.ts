/** The database's file name inside a data folder. */
export const DB_FILE = 'ioc-wall.db';
