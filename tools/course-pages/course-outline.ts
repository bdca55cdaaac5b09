/**
 * The course outline: the ONE place where the parts' titles and the table of contents' own text live.
 *
 * Pour les traducteurs : les titres des parties figurent à deux endroits qui doivent concorder,
 * la première cellule de chaque carnet (`# Partie N : Titre`) et la liste PART_TITLES ci-dessous.
 * `npm run verifier` signale tout écart ; `npm run render` régénère la table des matières
 * (Tables-des-matieres.md) à partir des carnets et du texte de ce fichier.
 */

/** Course title, first line of Tables-des-matieres.md. */
export const COURSE_TITLE = 'Autoencodeurs en TypeScript';

/** Expected title of each part, index 0 ↔ part 1; part 30 is the bonus part. */
export const PART_TITLES: readonly string[] = [
  'Configuration du projet',
  'Chargement des données',
  'Importation des bibliothèques',
  'Chemins des fichiers',
  "Décodage d'images",
  'Chargement du jeu de données LFW',
  "Préparation des données d'entraînement",
  'Visualisation des données',
  'Importation de TensorFlow.js',
  "Construction d'un autoencodeur PCA",
  "Entraînement de l'autoencodeur",
  'Visualisation de la reconstruction',
  "Construction d'un autoencodeur profond",
  'Évaluation de la performance',
  'Introduction au bruit gaussien',
  "Entraînement de l'autoencodeur avec bruit",
  'Vérification des tailles de code',
  'Entraînement avec différentes tailles de code',
  "Redéfinir l'autoencodeur avec une taille de code 32",
  'Entraînement final avec taille de code 32',
  'Application de bruit gaussien',
  'Sauvegarde des modèles',
  'Visualisation des effets du bruit',
  'Autoencodeur avec taille de code 512',
  'Entraînement avec bruit gaussien',
  'Évaluation de la performance du débruitage',
  'Sauvegarde des modèles entraînés',
  "Recherche d'images par plus proches voisins",
  'Interpolation entre deux images',
  "Pour aller plus loin : arithmétique dans l'espace latent",
];

/** Number of the bonus part (listed apart in the table of contents). */
export const BONUS_PART = 30;

/** One-paragraph summary shown under the course title. */
export const COURSE_SUMMARY =
  'Ce cours construit pas à pas des autoencodeurs en TypeScript avec TensorFlow.js, dans des carnets ' +
  'Jupyter exécutés par le noyau tslab. Sur les visages du jeu de données *Labeled Faces in the Wild* ' +
  '(LFW), on prépare les images, on entraîne un autoencodeur linéaire (équivalent à une analyse en ' +
  'composantes principales, PCA) puis ' +
  'un autoencodeur convolutif profond, on étudie l\'effet de la taille du code latent, on apprend à ' +
  'débruiter des images corrompues par un bruit gaussien, et l\'on se sert enfin de l\'espace latent pour ' +
  'retrouver des visages proches, interpoler entre deux visages et, en partie bonus, modifier un attribut ' +
  '(le sourire) par arithmétique sur les codes.';

/** "How to start" section of the table of contents (Markdown lines). */
export const HOW_TO_START: readonly string[] = [
  'Il faut Node.js 22, 24 ou 26 (`node --version` l\'affiche). Depuis la racine du dépôt :',
  '',
  '```bash',
  'npm install          # installe les dépendances et compile la bibliothèque (src/ → dist/)',
  'npm run course       # exécute les 30 carnets dans l\'ordre (télécharge LFW au premier lancement)',
  '```',
  '',
  'Pour suivre le cours dans JupyterLab : `npm run setup:jupyter` (une fois), puis `jupyter lab notebooks/` ' +
    'et choisissez le noyau **TypeScript**. Les détails sont dans le [README](README.md) ; les traducteurs ' +
    'et relecteurs trouveront leur guide dans [CONTRIBUTING.md](CONTRIBUTING.md) et le vocabulaire commun ' +
    'dans le [Glossaire](Glossaire.md).',
];

/** References section of the table of contents (Markdown list items). */
export const REFERENCES: readonly string[] = [
  'Gary B. Huang, Manu Ramesh, Tamara Berg, Erik Learned-Miller, *Labeled Faces in the Wild: A Database ' +
    'for Studying Face Recognition in Unconstrained Environments*, University of Massachusetts, Amherst, ' +
    'rapport technique 07-49, 2007. <http://vis-www.cs.umass.edu/lfw/>',
  'Neeraj Kumar, Alexander C. Berg, Peter N. Belhumeur, Shree K. Nayar, *Attribute and Simile Classifiers ' +
    'for Face Verification*, ICCV 2009 (les 73 attributs de LFW). ' +
    '<https://www.cs.columbia.edu/CAVE/databases/pubfig/>',
  'TensorFlow.js : <https://www.tensorflow.org/js> (API : <https://js.tensorflow.org/api/latest/>)',
  'tslab, noyau Jupyter pour TypeScript et JavaScript : <https://github.com/yunabe/tslab>',
  'Plotly.js (figures) : <https://plotly.com/javascript/> ; nodejs-polars (tableaux de données) : ' +
    '<https://pola-rs.github.io/nodejs-polars/>',
];

/** Table of contents file name, at the repository root. */
export const TOC_FILE = 'Tables-des-matieres.md';

/** Folder of the rendered pages, next to the TOC. */
export const PAGES_DIR = 'pages';

/** Folder of the notebooks (the source of the lessons' text). */
export const NOTEBOOKS_DIR = 'notebooks';

/** Markdown back link that ends every notebook and every page. */
export const BACK_LINK = `[Retour à la Table des matières](../${TOC_FILE})`;

/** Where the titles above live, quoted in the verifier's messages. */
export const OUTLINE_FILE = 'tools/course-pages/course-outline.ts';

/** The key results of the course, shown in the table of contents: the test MSE printed by these parts. */
export const KEY_RESULTS: readonly { part: number; label: string }[] = [
  { part: 12, label: 'autoencodeur PCA' },
  { part: 20, label: 'autoencodeur convolutif' },
  { part: 26, label: 'débruiteur' },
];
