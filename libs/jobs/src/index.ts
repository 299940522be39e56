// The JobQueue port with its BullMQ and in-process adapters arrives with the jobs issue.
export {};
