export * from './filesystem-blob-store';
export * from './nodemailer-mailer';
export * from './sqlite-personal-data-keys';
export * from './infrastructure.module';
export * from './process-lifecycle';
export * from './periodic-task';
export * from './subscriber-secret';
