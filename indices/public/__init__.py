"""The public side: pages, the open data API, their cache, tables and charts. Only the URL configuration
imports from here."""
