import { openDatabase } from '../../../db/open.ts';
import { SqliteStudyStorage } from '../../../db/study-storage.ts';
import { InMemoryStorage } from '../../../tools/optimizer/in-memory-storage.ts';
import { storageContract } from '../../support/storage-contract.ts';

storageContract('in-memory', () => new InMemoryStorage());
storageContract('sqlite', () => new SqliteStudyStorage(openDatabase(':memory:')));
