PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
	id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO schema_version VALUES(1,1);
CREATE TABLE documents (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	name VARCHAR NOT NULL, 
	path VARCHAR NOT NULL, 
	sha256 VARCHAR, 
	format VARCHAR, 
	reader VARCHAR, 
	title VARCHAR, 
	period_start DATE, 
	period_end DATE, 
	pages INTEGER, 
	pages_ocr INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	error VARCHAR, 
	last_error VARCHAR, 
	warnings JSON NOT NULL, 
	text TEXT NOT NULL, 
	extractor_version VARCHAR, 
	ingested_at DATETIME NOT NULL, 
	UNIQUE (sha256)
);
INSERT INTO documents VALUES(1,'boletin_v1_2023.md','/data/in/boletin_v1_2023.md','sha-boletin_v1_2023.md','md','test','Boletín 2023','2023-01-01','2023-03-31',3,0,'ok',NULL,NULL,'[]','',NULL,'2026-11-25 09:46:58.258502');
CREATE TABLE partners (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	acronym VARCHAR, 
	country VARCHAR, 
	type VARCHAR, 
	"key" VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
INSERT INTO partners VALUES(1,'Agencia de Cooperación Internacional de Corea','KOICA','KR',NULL,'agencia de cooperacion internacional de corea');
INSERT INTO partners VALUES(2,'Embajada del Japón',NULL,'JP',NULL,'embajada del japon');
CREATE TABLE activities (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	document_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	section VARCHAR, 
	countries JSON NOT NULL, 
	cities JSON NOT NULL, 
	date_start DATE, 
	date_end DATE, 
	date_precision VARCHAR, 
	beneficiaries INTEGER, 
	regionales JSON NOT NULL, 
	text TEXT NOT NULL, 
	evidence_page INTEGER, 
	evidence_start INTEGER NOT NULL, 
	evidence_end INTEGER NOT NULL, 
	"values" JSON NOT NULL, 
	span_start DATE, 
	span_end DATE, 
	year INTEGER, 
	CONSTRAINT ck_activities_kind CHECK (kind IN ('alliance', 'mobility_out', 'mobility_in', 'training', 'event', 'delegation_visit', 'other')), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
INSERT INTO activities VALUES(1,1,0,'alliance','Convenio con KOICA',NULL,'["KR"]','[]',NULL,NULL,NULL,NULL,'["CO-ANT"]','Convenio para aprendices.',1,0,10,'[{"field": "title", "value": "Convenio con KOICA", "evidence": {"page": 1, "start": 0, "end": 10}}]','2023-01-01','2023-03-31',2023);
INSERT INTO activities VALUES(2,1,1,'mobility_out','Misión a Japón',NULL,'["JP"]','[]','2023-02-01','2023-02-10','day',7,'[]','Viaje de aprendices.',1,0,10,'[{"field": "title", "value": "Misi\u00f3n a Jap\u00f3n", "evidence": {"page": 1, "start": 0, "end": 10}}]','2023-02-01','2023-02-10',2023);
CREATE TABLE partner_aliases (
	id INTEGER NOT NULL, 
	partner_id INTEGER NOT NULL, 
	alias VARCHAR NOT NULL, 
	"key" VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	UNIQUE ("key")
);
INSERT INTO partner_aliases VALUES(1,1,'Agencia de Cooperación Internacional de Corea','agencia de cooperacion internacional de corea');
INSERT INTO partner_aliases VALUES(2,1,'KOICA','koica');
INSERT INTO partner_aliases VALUES(3,2,'Embajada del Japón','embajada del japon');
CREATE TABLE activity_partners (
	id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	partner_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	name_as_written VARCHAR NOT NULL, 
	acronym VARCHAR, 
	country VARCHAR, 
	evidence JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(activity_id) REFERENCES activities (id) ON DELETE CASCADE, 
	FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE
);
INSERT INTO activity_partners VALUES(1,1,1,0,'Agencia de Cooperación Internacional de Corea','KOICA','KR','{"page": 1, "start": 0, "end": 45}');
INSERT INTO activity_partners VALUES(2,2,2,0,'Embajada del Japón',NULL,'JP','{"page": 1, "start": 0, "end": 18}');
CREATE TABLE activity_countries (
	id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (activity_id, code), 
	FOREIGN KEY(activity_id) REFERENCES activities (id) ON DELETE CASCADE
);
INSERT INTO activity_countries VALUES(1,1,'KR');
INSERT INTO activity_countries VALUES(2,2,'JP');
CREATE TABLE activity_regionales (
	id INTEGER NOT NULL, 
	activity_id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (activity_id, code), 
	FOREIGN KEY(activity_id) REFERENCES activities (id) ON DELETE CASCADE
);
INSERT INTO activity_regionales VALUES(1,1,'CO-ANT');
CREATE TABLE activity_search (
	activity_id INTEGER NOT NULL, 
	folded TEXT NOT NULL, 
	stems TEXT NOT NULL, 
	PRIMARY KEY (activity_id), 
	FOREIGN KEY(activity_id) REFERENCES activities (id) ON DELETE CASCADE
);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','activity_fts','activity_fts',0,'CREATE VIRTUAL TABLE activity_fts USING fts5(title, body, partners, doc_title, stems, tokenize = ''unicode61 remove_diacritics 2'')');
CREATE TABLE IF NOT EXISTS 'activity_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO activity_fts_data VALUES(1,X'0206060a0416');
INSERT INTO activity_fts_data VALUES(10,X'000000000101010001010101');
INSERT INTO activity_fts_data VALUES(137438953473,X'0000015c053032303233010c01030301040d010c01030301040b010161020803010403020567656e63690106010407070161010601020202077072656e6469630106010406010601040709026573010601010401060101040107626f6c6574696e010c01030201040c010c01030201040a0103636f6e010803010403040476656e69010601040208016f01080201010203046f706572010601040907056163696f6e010601020403027265010601040b050161010601020701026465010e01020305010408010c01010301040603016c020c0102030104090105656d62616a020601040806036164610206010202010d696e7465726e6163696f6e616c010c01020501040a01056a61706f6e020e0401020401040401046b6f6963010601040405016101080401020801066d6973696f6e02080201040201037061720106010405040161010601010301047669616a020601040505016502060101020416090c08130e190b0b090b0c0908150b0c0a17100b090e0a080b');
CREATE TABLE IF NOT EXISTS 'activity_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO activity_fts_idx VALUES(1,X'',2);
CREATE TABLE IF NOT EXISTS 'activity_fts_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3, c4);
INSERT INTO activity_fts_content VALUES(1,'Convenio con KOICA',' Convenio para aprendices.','Agencia de Cooperación Internacional de Corea KOICA','Boletín 2023','conveni con koic par aprendic agenci de cooper internacional core boletin 2023');
INSERT INTO activity_fts_content VALUES(2,'Misión a Japón',' Viaje de aprendices.','Embajada del Japón','Boletín 2023','mision a japon viaj de aprendic embaj del boletin 2023');
CREATE TABLE IF NOT EXISTS 'activity_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO activity_fts_docsize VALUES(1,X'030307020c');
INSERT INTO activity_fts_docsize VALUES(2,X'030303020a');
CREATE TABLE IF NOT EXISTS 'activity_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO activity_fts_config VALUES('version',4);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('documents',1);
INSERT INTO sqlite_sequence VALUES('activities',2);
CREATE INDEX ix_documents_status ON documents (status);
CREATE UNIQUE INDEX ix_documents_name ON documents (name);
CREATE INDEX ix_activities_kind ON activities (kind);
CREATE INDEX ix_activities_year ON activities (year);
CREATE INDEX ix_activities_span ON activities (span_start, span_end);
CREATE INDEX ix_activities_beneficiaries ON activities (beneficiaries);
CREATE INDEX ix_activities_document_seq ON activities (document_id, seq);
CREATE INDEX ix_partner_aliases_partner_id ON partner_aliases (partner_id);
CREATE INDEX ix_activity_partners_partner_id ON activity_partners (partner_id);
CREATE INDEX ix_activity_partners_activity_id ON activity_partners (activity_id);
CREATE INDEX ix_activity_countries_code ON activity_countries (code);
CREATE INDEX ix_activity_regionales_code ON activity_regionales (code);
PRAGMA writable_schema=OFF;
COMMIT;
