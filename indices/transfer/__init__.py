"""Data in and out: result spreadsheets read (`reading`, `xlsx`, `cells`), checked and planned row by row
(`records`, `checks`, `planning`) and written as one change set (`applying`, run by `services` in one
transaction); the data the portal ships loaded into the database (`loading`); backups (`backup`)."""
