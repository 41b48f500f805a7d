"""What the public pages and the API compute from the published record: each page's data fetched once
(`page_data`), pure section builders (`sections`), derived figures (`stats`), place search (`places`) and the
whole dataset as one table (`dataset`). No view, no request: plain rows out."""
